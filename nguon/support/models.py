"""Support to cadres (chăm sóc, hỗ trợ cán bộ): cases and the support given, readable only with the support permission."""
