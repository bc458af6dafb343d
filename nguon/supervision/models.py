"""Supervision (giám sát), social criticism (phản biện xã hội) and opinion-giving (góp ý) under Decisions 217 and 218."""
