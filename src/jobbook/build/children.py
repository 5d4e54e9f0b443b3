"""The build's worker and kernel processes die with it, however it ends (Linux).

The process tree of a build::

    jobbook build (main thread)              <- may be killed (SIGKILL), stopped (SIGTERM) or Ctrl+C'd
      └─ notebook worker (spawned)           <- guard_worker() first thing
           └─ Jupyter kernel (own session)   <- started with a preexec_fn that guards it

Why each rule:

* A SIGKILL runs no code in the build, so only the operating system can act: after
  ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` Linux kills the calling process when its parent dies.
  Every level sets it for itself, so the build's death takes the workers, and each worker's
  death its kernel. It fires when the *thread* that started the child ends, so workers are
  started from the build's main thread and kernels from a worker's main thread.
* prctl comes after the child started: if the parent died in between, no signal ever comes,
  so the child compares its parent's pid with the one it expects and dies if they differ.
* SIGTERM and Ctrl+C do run code in the build: :func:`stop_on_signals` turns them into
  :class:`Stopped` (a KeyboardInterrupt) in the main thread, the usual cleanup runs, and
  :func:`stop_executor` stops the workers at once instead of waiting for their notebook. A
  worker's SIGTERM handler kills its kernels and exits.
* Workers ignore SIGINT: Ctrl+C reaches the whole foreground process group, and the build
  alone decides (an interrupted worker would hand the interrupt back as a job's result).
* Only the build writes pages and the notebook cache: a killed build's worker, should one
  outlive it by a moment, has nothing it could write there.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
import weakref
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# Looked up once, at import: a preexec_fn runs between fork and exec, where importing or
# looking a symbol up could block on a lock another thread held at the fork.
_libc = ctypes.CDLL(None, use_errno=True)
_prctl = _libc.prctl
_prctl.argtypes = (ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong)
_prctl.restype = ctypes.c_int
_c_signal = _libc.signal
_c_signal.argtypes = (ctypes.c_int, ctypes.c_void_p)
_c_signal.restype = ctypes.c_void_p
SIGNALS = {signal.SIGINT, signal.SIGTERM}


def die_with_parent(parent_pid: int) -> None:
    """Have Linux kill this process when its parent dies (and now, if it has died already)."""
    if _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG)")
    if os.getppid() != parent_pid:
        os.kill(os.getpid(), signal.SIGKILL)


# --- in a worker ---------------------------------------------------------------------------------

#: The kernels this worker started (its SIGTERM handler kills them).
_kernels: weakref.WeakSet = weakref.WeakSet()


def _preexec_for_kernel(parent_pid: int):
    """A Popen preexec_fn: the kernel about to start dies with the worker (no import in it)."""

    def preexec() -> None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent_pid:
            os._exit(1)
        # The worker ignores SIGINT and an ignored signal stays ignored across exec; the kernel
        # needs SIGINT to interrupt a cell that runs past its timeout.
        _c_signal(signal.SIGINT, signal.SIG_DFL)

    return preexec


def guarded_start_arguments(km) -> dict:
    """Keyword arguments for ``KernelManager.start_kernel``: jupyter_client hands unknown ones to
    Popen, so the preexec_fn reaches the kernel's start (a restart reuses it)."""
    _kernels.add(km)
    return {"preexec_fn": _preexec_for_kernel(os.getpid())}


def _guarded_managers():
    from jupyter_client.manager import AsyncKernelManager, KernelManager

    class GuardedKernelManager(KernelManager):
        def start_kernel(self, **kw):
            return super().start_kernel(**{**guarded_start_arguments(self), **kw})

    class GuardedAsyncKernelManager(AsyncKernelManager):
        """For the kernels papermill's own engine starts (``kernel_manager_class=``)."""

        async def start_kernel(self, **kw):
            return await super().start_kernel(**{**guarded_start_arguments(self), **kw})

    return GuardedKernelManager, GuardedAsyncKernelManager


def kernel_manager_classes():
    """(GuardedKernelManager, GuardedAsyncKernelManager): kernel managers whose kernels die with
    the process that started them."""
    return _guarded_managers()


def kill_kernels() -> None:
    """Kill this worker's kernels now (with what they started) and remove their connection files.

    Synchronous and free of event loops, so it is safe in a signal handler."""
    for km in list(_kernels):
        provisioner = getattr(km, "provisioner", None)
        process = getattr(provisioner, "process", None)
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                # The kernel leads a session of its own: its group holds its children too.
                os.killpg(getattr(provisioner, "pgid", None) or process.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(process.pid, 0)
        with contextlib.suppress(Exception):
            km.cleanup_connection_file()
        _kernels.discard(km)


def _terminate_worker(signum, frame) -> None:
    """A worker's SIGTERM handler: kernels down, then out at once (an exception would only be
    handed back as the job's result by the pool)."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    kill_kernels()
    os._exit(128 + signum)


def guard_worker(parent_pid: int) -> None:
    """A worker's first code: die with the build, leave Ctrl+C to it, stop cleanly on SIGTERM."""
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminate_worker)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)  # blocked while the build started it


# --- in the build ------------------------------------------------------------------------------

@contextlib.contextmanager
def signals_blocked() -> Iterator[None]:
    """Start workers inside this: a new worker (and the pool's management thread) must not run
    the build's signal handlers before it has its own."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def start_method():
    """Workers start as new interpreters ("spawn"), not as copies of a build holding pandas."""
    return multiprocessing.get_context("spawn")


def stop_executor(executor: ProcessPoolExecutor, timeout: float = 5.0) -> None:
    """Stop an executor's workers now, even mid-notebook (each kills its kernel); drop queued jobs.

    ``shutdown(wait=True)`` would wait for the running notebooks. Python 3.11 has no public way
    to stop a worker (3.14 adds terminate_workers()); ``_processes`` has meant the same since 3.3.
    """
    processes = list((executor._processes or {}).values())
    manager = executor._executor_manager_thread
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout)
        if process.is_alive():  # stuck in C code: its kernel dies with it (PDEATHSIG)
            process.kill()
            process.join()
    if manager is not None:  # or it may still be closing its pipe when the interpreter exits
        manager.join()


class Stopped(KeyboardInterrupt):
    """SIGINT or SIGTERM in the build: a KeyboardInterrupt, so every cleanup that runs after
    Ctrl+C runs after SIGTERM too."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:  # the shell's convention: 130 for SIGINT, 143 for SIGTERM
        return 128 + self.signum


def _raise_stopped(signum, frame) -> None:
    # Once: a second Ctrl+C would interrupt the cleanup the first one started.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Stopped(signum)


def stop_on_signals() -> None:
    """In the build's main thread: SIGINT and SIGTERM raise :class:`Stopped` there (called from
    another thread, e.g. a test's, it leaves the handlers alone)."""
    if threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGINT, _raise_stopped)
    signal.signal(signal.SIGTERM, _raise_stopped)
