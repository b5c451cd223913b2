print("coedit-peer: not built yet")
