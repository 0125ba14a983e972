"""Notifications: who hears about which Ashby change, when, and how it reaches them exactly once."""
