"""TokoDesa: an online shop for every Indonesian village."""
