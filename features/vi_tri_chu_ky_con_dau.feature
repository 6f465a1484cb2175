# language: vi
@area_vi_tri_chu_ky
Tính năng: Vị trí, hình ảnh và thông tin của chữ ký số và con dấu trên văn bản
  Chữ ký số trên văn bản điện tử được thể hiện như chữ ký và con dấu trên văn bản giấy: ở đúng vị
  trí, với hình ảnh đúng màu, đúng kích thước và, tùy hồ sơ quy định, với dòng thông tin về cơ quan
  và thời gian ký. Các kịch bản đo hình học và màu sắc của từng chữ ký trên văn bản hệ thống được
  kiểm thử phát hành.

  Bối cảnh:
    Cho trục liên thông tham chiếu đã sẵn sàng

  @sut_gui @LC2019-9.1a
  Kịch bản: Chữ ký số của người có thẩm quyền đặt tại vị trí ký, hình chữ ký màu xanh
    Theo điểm a khoản 1 Điều 9 Quy chế tỉnh Lào Cai (2019), người có thẩm quyền ký số trên văn bản
    điện tử với vị trí "tại vị trí ký của người có thẩm quyền ký ban hành văn bản trên văn bản giấy"
    và hình ảnh "chữ ký của người có thẩm quyền trên văn bản giấy, màu xanh", định dạng .png.
    Phụ lục I NĐ 30/2020/NĐ-CP quy định tương tự.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Quyết định" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì chữ ký số của "người có thẩm quyền" trên tệp "văn bản chính" nằm ở "vị trí ký của người có thẩm quyền"
    Và chữ ký số của "người có thẩm quyền" trên tệp "văn bản chính" có hình ảnh "chữ ký của người có thẩm quyền" màu "xanh" định dạng PNG
    Và gói tin gửi đi đạt quy tắc "LC2019-9.1a"

  @sut_gui @ND30-PL1-CKCOQUAN
  Kịch bản: Chữ ký số của cơ quan trùm khoảng 1/3 chữ ký của người có thẩm quyền về bên trái, hình con dấu màu đỏ
    Theo Phụ lục I NĐ 30/2020/NĐ-CP (Phần I, mục II.8.a), chữ ký số của cơ quan, tổ chức trên văn
    bản chính có vị trí trùm lên khoảng 1/3 hình ảnh chữ ký số của người có thẩm quyền về phía bên
    trái; hình ảnh là dấu của cơ quan, tổ chức ban hành văn bản, màu đỏ, kích thước bằng kích thước
    thực tế của dấu, định dạng .png nền trong suốt.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Quyết định" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì chữ ký số của "cơ quan ban hành" trên tệp "văn bản chính" nằm ở "trùm lên khoảng 1/3 chữ ký của người có thẩm quyền về phía bên trái"
    Và chữ ký số của "cơ quan ban hành" trên tệp "văn bản chính" có hình ảnh "dấu của cơ quan ban hành" màu "đỏ" định dạng PNG
    Và gói tin gửi đi đạt quy tắc "ND30-PL1-CKCOQUAN"

  @sut_gui @ho_so_tt01-2019 @LC2019-9.2c
  Kịch bản: Chữ ký số của cơ quan ghi tên cơ quan và thời gian ký theo ISO 8601
    Theo điểm c khoản 2 Điều 9 Quy chế tỉnh Lào Cai (2019), văn thư Bên gửi ký số của tổ chức với
    vị trí "trùm lên khoảng 1/3 chữ ký của người có thẩm quyền về phía bên trái"; hình ảnh "dấu của
    cơ quan, tổ chức ban hành văn bản, màu đỏ, kích thước bằng kích thước thực tế của dấu, định
    dạng (.png)"; thông tin "tên cơ quan, tổ chức, thời gian ký (ngày, tháng, năm; giờ, phút, giây;
    múi giờ Việt Nam theo tiêu chuẩn ISO 8601)".
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Quyết định" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì chữ ký số của "cơ quan ban hành" trên tệp "văn bản chính" nằm ở "trùm lên khoảng 1/3 chữ ký của người có thẩm quyền về phía bên trái"
    Và chữ ký số của "cơ quan ban hành" trên tệp "văn bản chính" có hình ảnh "dấu của cơ quan ban hành" màu "đỏ" định dạng PNG
    Và chữ ký số của "cơ quan ban hành" trên tệp "văn bản chính" ghi thông tin "tên cơ quan và thời gian ký theo ISO 8601"
    Và gói tin gửi đi đạt quy tắc "LC2019-9.2c"

  @sut_gui @ND30-PL1-CKDINHKEM
  Kịch bản: Phụ lục gửi thành tệp riêng có chữ ký số của cơ quan ở góc trên bên phải trang đầu
    Theo Phụ lục I NĐ 30/2020/NĐ-CP (Phần I, mục II.8.b và Phần III, mục 1.d), văn bản kèm theo hoặc
    phụ lục là tệp riêng được ký số của cơ quan tại góc trên, bên phải trang đầu của tệp, không hiển
    thị hình ảnh; thông tin gồm số và ký hiệu văn bản, thời gian ký (ngày tháng năm; giờ phút giây;
    múi giờ Việt Nam theo tiêu chuẩn ISO 8601).
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Kế hoạch" theo mẫu "kèm phụ lục tệp riêng" gửi đến "Cơ quan A"
    Thì tệp "phụ lục" của gói tin gửi đi có chữ ký số của "cơ quan ban hành"
    Và chữ ký số của "cơ quan ban hành" trên tệp "phụ lục" nằm ở "góc trên bên phải trang đầu"
    Và chữ ký số của "cơ quan ban hành" trên tệp "phụ lục" không hiển thị hình ảnh
    Và chữ ký số của "cơ quan ban hành" trên tệp "phụ lục" ghi thông tin "số và ký hiệu văn bản và thời gian ký theo ISO 8601"
    Và gói tin gửi đi đạt quy tắc "ND30-PL1-CKDINHKEM"

  @sut_gui @kha_nang_so_hoa @ho_so_tt01-2019 @LC2019-9.3b
  Kịch bản: Văn bản phát hành số hóa từ bản giấy có chữ ký số của cơ quan ở góc trên bên phải trang đầu
    Theo điểm b khoản 3 Điều 9 Quy chế tỉnh Lào Cai (2019), khi người ký chưa có chữ ký số cá nhân,
    văn thư Bên gửi ký số của tổ chức lên văn bản số hóa với vị trí "Góc trên, bên phải, trang đầu
    văn bản"; hình ảnh "Dấu của cơ quan, tổ chức số hóa văn bản, màu đỏ, kích thước bằng kích thước
    thực tế của dấu, định dạng Portable Network Graphics (.png)"; thông tin "Tên cơ quan, tổ chức,
    thời gian ký (ngày, tháng, năm; giờ, phút, giây; múi giờ Việt Nam theo Tiêu chuẩn ISO 8601)".
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử phát hành văn bản "VB1" số hóa từ bản giấy "công văn giấy một trang" gửi đến "Cơ quan A"
    Thì chữ ký số của "cơ quan ban hành" trên tệp "văn bản chính" nằm ở "góc trên bên phải trang đầu"
    Và chữ ký số của "cơ quan ban hành" trên tệp "văn bản chính" có hình ảnh "dấu của cơ quan ban hành" màu "đỏ" định dạng PNG
    Và chữ ký số của "cơ quan ban hành" trên tệp "văn bản chính" ghi thông tin "tên cơ quan và thời gian ký theo ISO 8601"
    Và gói tin gửi đi đạt quy tắc "LC2019-9.3b"

  @sut_nhan @kha_nang_so_hoa @ho_so_tt01-2019 @LC2019-8.1b
  Kịch bản: Văn bản giấy đến được số hóa có chữ ký số của cơ quan số hóa ở góc trên bên phải trang đầu
    Theo điểm b khoản 1 Điều 8 Quy chế tỉnh Lào Cai (2019), văn thư Bên nhận ký số của tổ chức lên
    văn bản số hóa từ văn bản giấy đến với vị trí "Góc trên, bên phải, trang đầu văn bản"; hình ảnh
    "Dấu của cơ quan, tổ chức số hóa văn bản, màu đỏ, kích thước bằng kích thước thực tế của dấu,
    định dạng Portable Network Graphics (.png)"; thông tin "Tên cơ quan, tổ chức, thời gian ký
    (ngày, tháng, năm; giờ, phút, giây; múi giờ Việt Nam theo Tiêu chuẩn ISO 8601)".
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử số hóa văn bản giấy đến "công văn giấy một trang" thành văn bản "VB1"
    Thì tệp số hóa của văn bản "VB1" đạt quy tắc "LC2019-8.1b"

  @sut_gui @kha_nang_ban_sao @ND30-PL1-CKBANSAO
  Khung kịch bản: Bản sao điện tử "<hinh_thuc_sao>" có chữ ký số của cơ quan sao ở góc trên bên phải trang đầu
    Theo Phụ lục I NĐ 30/2020/NĐ-CP (Phần II, mục I.3), chữ ký số của cơ quan, tổ chức trên bản
    sao điện tử từ văn bản giấy đặt tại góc trên, bên phải, trang đầu; thông tin gồm hình thức sao,
    tên cơ quan, tổ chức sao văn bản, thời gian ký (ngày tháng năm; giờ phút giây; múi giờ Việt Nam
    theo tiêu chuẩn ISO 8601).
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử phát hành bản sao "BS1" hình thức "<hinh_thuc_sao>" từ bản giấy "quyết định giấy nhiều trang" gửi đến "Cơ quan A"
    Thì tệp "văn bản chính" của gói tin gửi đi có chữ ký số của "cơ quan sao"
    Và chữ ký số của "cơ quan sao" trên tệp "văn bản chính" nằm ở "góc trên bên phải trang đầu"
    Và chữ ký số của "cơ quan sao" trên tệp "văn bản chính" ghi thông tin "hình thức sao, tên cơ quan sao và thời gian ký theo ISO 8601"
    Và gói tin gửi đi đạt quy tắc "ND30-PL1-CKBANSAO"

    Dữ liệu:
      | hinh_thuc_sao |
      | sao y         |
      | sao lục       |
      | trích sao     |

  @sut_gui @kha_nang_ban_sao @ho_so_nd30 @ND30-PL1-CKBANSAO
  Kịch bản: Chữ ký số trên bản sao điện tử theo hồ sơ quốc gia không hiển thị hình ảnh con dấu
    Theo Phụ lục I NĐ 30/2020/NĐ-CP (Phần II, mục I.3, tóm tắt), chữ ký số của cơ quan sao không
    hiển thị hình ảnh; thông tin ghi bằng chữ Times New Roman, cỡ 10, màu đen. Quy định cũ của Thông tư
    01/2019/TT-BNV (hồ sơ tỉnh) dùng hình ảnh con dấu cho văn bản số hóa, nên kịch bản này chỉ áp
    dụng với hồ sơ quốc gia.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử phát hành bản sao "BS1" hình thức "sao y" từ bản giấy "công văn giấy một trang" gửi đến "Cơ quan A"
    Thì chữ ký số của "cơ quan sao" trên tệp "văn bản chính" không hiển thị hình ảnh
    Và gói tin gửi đi đạt quy tắc "ND30-PL1-CKBANSAO"
