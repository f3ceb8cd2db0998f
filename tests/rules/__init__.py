"""Tests of the rules: policies, calendar, deadlines, income, materials, CLI."""
