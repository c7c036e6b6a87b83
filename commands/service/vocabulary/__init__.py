"""The Chinese words users see: labels of ids and refusals re-said in Chinese."""
