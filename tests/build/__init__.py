"""Tests of karabakh_data.build."""
