"""Checkers for the book's exercises, one module per page.

Each checker works out the expected answer from data/ when it is called, so a correction to the
data corrects the checker too; none raises, whatever a student passes in.
"""
