"""From the document a unit received to a directive the planner takes: its structure,
tasks, leads, deadlines and addressees (``read_directive``), its YAML (``to_yaml``), the
draft answering it (``respond``) and OCR for scans (``ocr``)."""
