"""The browser workbench (``tixi serve``): read, code, search, review; a thin layer over ``tixi.project.Project``."""
