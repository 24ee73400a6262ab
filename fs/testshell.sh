echo the shell says hi | cat
cat lorem
cat lorem | num
cat lorem|num |num| num |num
lsfd -1
cat script
sh < script
