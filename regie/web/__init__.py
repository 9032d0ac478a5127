"""Web-layer pieces every Regie service shares: error responses, security headers, clocks."""
