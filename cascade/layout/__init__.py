"""Layout rules for Party and State documents: profiles as data, pure functions per component."""
