"""The downloadable data packages: the full package (CSV + datapackage.json, zipped), SQLite,
Parquet, per-vote and per-country slices, and the frozen releases under releases/.

Every writer here is byte-reproducible: identical inputs give identical bytes.
"""
