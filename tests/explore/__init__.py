"""Tests of karabakh_data.explore."""
