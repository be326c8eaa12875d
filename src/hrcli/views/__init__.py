"""Views: records of a loaded fact base -> a ``hrcli.view.View`` (rows, fields, columns, charts).

A view builder takes what the data layer returned and shapes it; it never loads, prints or renders.
"""
