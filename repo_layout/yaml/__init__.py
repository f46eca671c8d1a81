"""Reading and writing YAML text: the one ruamel configuration, splicing a save into a file, the canonical form."""
