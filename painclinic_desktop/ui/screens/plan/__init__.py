"""The plan page of the client record: the 10-Footsteps plan, goals and the iGro star."""
