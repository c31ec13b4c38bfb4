module dockerlinks.test/gotemplate

go 1.19
