import EditorCore
print("coedit: the editor is not built yet")
