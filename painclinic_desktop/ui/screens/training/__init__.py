"""The Training page (10 Footsteps staff training) and the programme costing dialog."""
