"""Tests of karabakh_data.access."""
