"""Kinerja: objective, achievement-based performance appraisal for ASN."""
