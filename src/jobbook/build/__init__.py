"""The build: the chapter registry, the plan of notebook runs, running them, the cache, Sphinx and publishing."""
