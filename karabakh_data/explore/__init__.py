"""Looking at the data: figures (plot, plotdata), a Datasette over a SQLite export. Reads through access/ only."""
