"""Shared setup: the tests import their record factories from ``records.py`` beside them."""

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
