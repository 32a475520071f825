"""Stage 3, graphs: the bipartite membership graph and the contiguity graph.

networkx only: no geometry, no folium."""
