// RelanceCommands
