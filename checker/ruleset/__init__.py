"""The rule set: a configured Rule and the option schema kinds declare.  Below the kinds."""
