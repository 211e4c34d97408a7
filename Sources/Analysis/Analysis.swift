/// Placeholder replaced by the analysis modules.
