"""Automatic backups in the running app and the Check and repair dialog."""
