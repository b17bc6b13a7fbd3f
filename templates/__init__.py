"""Package data: the Word template `report.docx`, shipped inside the wheel as `generator.templates`."""
