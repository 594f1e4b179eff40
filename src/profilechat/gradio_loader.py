"""Stage "interfaces": import Gradio without the work it does for its own developers.

Each Gradio component class, as it is defined, regenerates the `.pyi` type stub beside its
source file (`gradio.component_meta.create_or_modify_pyi`): it reads and parses the module's
source with `ast`, renders a Jinja template for the class, and compares or rewrites the stub in
the installed package. The stubs are for editors and type checkers; nothing at run time reads
them. For about 80 classes that is about half of `import gradio` (measured with cProfile and
`python -X importtime`; benchmarks/bench_serve_start.py times the whole start).

Importing this module installs a one-shot import hook that, as soon as `gradio.component_meta`
has been executed (before any component class exists), replaces that function with one that does
nothing, then imports Gradio: our modules take `gradio` from here (`from .gradio_loader import
gradio as gr`), and must not import Gradio before (tests/test_imports.py checks it). Other Gradio
applications install the same replacement after import, to keep stubs out of their folders. If
a Gradio version no longer has the function, the hook leaves the module as it is: the start is
slower, nothing else changes.

Gradio also imports pandas (with pyarrow about 60 MiB and a few tenths of a second) only so that
gr.Cache can hash DataFrames; this app uses neither. Until something uses one of its attributes,
`pandas` in sys.modules is a DeferredModule, which imports the real one at that moment: a Gradio
feature that needs pandas still gets it.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import Any

STUB_MODULE = "gradio.component_meta"
STUB_FUNCTION = "create_or_modify_pyi"
# Imported by Gradio's modules at load time but used only by features this app does not have:
# pandas by gradio.caching (hashing DataFrames for gr.Cache; Gradio's Dataframe and plots import
# it when they run).
DEFERRED = ("pandas",)


def _write_no_stub(_component_class: type, _class_name: str, _events: list[Any]) -> None:
    """Stands in for Gradio's stub writer: component classes need no stub at run time."""


class _StubWriterRemover(importlib.abc.MetaPathFinder):
    """Finds `gradio.component_meta` as the normal path finder would, and wraps its loader so
    that the stub writer is replaced right after the module has run."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != STUB_MODULE:
            return None
        _uninstall(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _ReplacingLoader(spec.loader)
        return spec


class _ReplacingLoader(importlib.abc.Loader):
    """Runs the module with the original loader, then replaces the stub writer."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def __getattr__(self, name: str) -> Any:  # get_source (tracebacks), get_filename, ...
        return getattr(self.loader, name)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        if callable(getattr(module, STUB_FUNCTION, None)):
            setattr(module, STUB_FUNCTION, _write_no_stub)


def _uninstall(finder: importlib.abc.MetaPathFinder) -> None:
    if finder in sys.meta_path:
        sys.meta_path.remove(finder)


class DeferredModule(ModuleType):
    """Stands in for a module in sys.modules until one of its attributes is first used; then
    imports the module and hands out its attributes from then on."""

    def __init__(self, name: str, spec: importlib.machinery.ModuleSpec | None = None) -> None:
        super().__init__(name)
        self.__spec__ = spec  # importlib.util.find_spec(name) reads it from sys.modules
        self.__dict__["_deferred_lock"] = threading.Lock()
        self.__dict__["_deferred_module"] = None

    def __getattr__(self, attribute: str) -> Any:  # only for what this stand-in lacks
        return getattr(self._loaded(), attribute)

    def _loaded(self) -> ModuleType:
        with self.__dict__["_deferred_lock"]:
            module = self.__dict__["_deferred_module"]
            if module is None:
                if sys.modules.get(self.__name__) is self:
                    del sys.modules[self.__name__]
                module = importlib.import_module(self.__name__)
                self.__dict__["_deferred_module"] = module
            return module


def _defer(name: str) -> None:
    """Put a DeferredModule for `name` in sys.modules, unless it is imported already."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is not None:
        sys.modules[name] = DeferredModule(name, spec)


def _install() -> None:
    """The hook and the deferred modules, unless Gradio's components are defined already (then
    it is too late)."""
    if STUB_MODULE not in sys.modules:
        sys.meta_path.insert(0, _StubWriterRemover())
        for name in DEFERRED:
            _defer(name)


_install()

import gradio  # noqa: E402  (after the hook, which is the point of this module)

__all__ = ["gradio"]
