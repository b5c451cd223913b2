// coedit's entry point: wiring only. Arguments are parsed by `CoeditCommand`; `EditSession` runs the editor.
CoeditCommand.runFromCommandLine()
