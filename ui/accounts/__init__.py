"""Account dialogs used from the main window's menus."""
