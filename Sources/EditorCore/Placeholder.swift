public enum EditorCorePlaceholder {}
