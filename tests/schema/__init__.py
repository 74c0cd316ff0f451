"""Tests of karabakh_data.schema."""
