"""Panelist evaluates job-interview answers: scores, evidence-backed feedback and reports."""

import os

# The judge's numpy products are small; OpenBLAS threads would spin on the cores its encoder
# uses (a batch of answers scored 20% slower with them). Set before numpy is first imported;
# a value the user set wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
