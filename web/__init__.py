"""The staff web app: server-rendered pages for coaches, career agents and tenant admins."""
