"""Looking at the data: figures (plot, figure_rows), a Datasette over a SQLite export. Reads through access/ only."""
