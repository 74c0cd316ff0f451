"""Tests of karabakh_data.workbench."""
