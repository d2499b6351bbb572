ec-train -m ease --help
