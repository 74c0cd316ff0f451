"""Tests of karabakh_data.release."""
