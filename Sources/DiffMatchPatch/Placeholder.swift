public enum DiffMatchPatchPlaceholder {}
