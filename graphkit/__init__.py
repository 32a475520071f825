"""cultuurregio: who is covered by a Dutch culture region, who is not, who is counted twice."""

__version__ = "0.1.0"
