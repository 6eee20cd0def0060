"""Pages of realisasi, one module per area; each module lists its own urlpatterns."""
