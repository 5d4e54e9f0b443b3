"""What is made from the built site: the PDF, the browser driver and the page-weight report."""
