"""Checking the thể thức of any .docx against its layout profile (NĐ 30, HD 36, HD 05)."""
