"""The Python API's parts, one per stage, mixed into ``tixi.project.Project``.

They sit above every stage (a layer of their own), so a stage never imports the comparisons or the
report that use it; each part reaches its stage's plain functions with the project's database,
pack and configuration.
"""
