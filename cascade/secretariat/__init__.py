"""The secretariat's own documents: the công văn đôn đốc to the units that are late and
the báo cáo kết quả thực hiện sent upward, both drafted from what the store holds."""
