"""The meeting's cycle: the next agenda (agenda), its links between meetings (links), the schedule a forum keeps
(schedule), and the steps that change a meeting's status, each one commit (steps, approval).
"""
