"""Final summaries (loppukooste), interim reports and their delivery to the referrer."""
