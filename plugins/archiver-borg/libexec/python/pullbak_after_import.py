"""Runs a patch right after borg imports one of its modules: a patch
installed from sitecustomize.py, before borg is loaded, must not import
borg itself (borg sets itself up when its main runs)."""
import importlib.util
import sys


class _AfterImport:
    """A meta path finder that calls `apply(module)` once `fullname` is executed."""

    def __init__(self, fullname, apply):
        self.fullname = fullname
        self.apply = apply

    def find_spec(self, fullname, path, target=None):
        if fullname != self.fullname:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        loader = spec.loader
        exec_module = loader.exec_module
        apply = self.apply

        def exec_and_patch(module):
            exec_module(module)
            apply(module)

        loader.exec_module = exec_and_patch
        return spec


def after_import(fullname, apply):
    """Calls `apply(module)` now if `fullname` is loaded, else right after it is."""
    if fullname in sys.modules:
        apply(sys.modules[fullname])
    else:
        sys.meta_path.insert(0, _AfterImport(fullname, apply))
